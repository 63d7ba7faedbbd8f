from allauth.account.forms import LoginForm


class SignInForm(LoginForm):
    """allauth's sign-in form, in GOV.UK style: labels, no placeholders, one reset link."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["login"].widget.attrs["spellcheck"] = "false"
