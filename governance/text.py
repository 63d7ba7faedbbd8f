"""Words the interface builds from names."""


def possessive(name) -> str:
    """ "Amira Hussain’s", but "Children's Services’" and "James’": a name ending in s
    takes the apostrophe alone (never "Services's")."""
    name = str(name)
    return f"{name}’" if name.endswith(("s", "S")) else f"{name}’s"
