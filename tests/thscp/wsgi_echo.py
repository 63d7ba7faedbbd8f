"""A WSGI app that answers with the SCRIPT_NAME and PATH_INFO gunicorn gave it."""


def application(environ, start_response):
    body = f"{environ.get('SCRIPT_NAME', '')}|{environ.get('PATH_INFO', '')}".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
