from allauth.account.adapter import DefaultAccountAdapter


class PartnershipAccountAdapter(DefaultAccountAdapter):
    """Accounts are created by the business unit, never by self sign-up."""

    def is_open_for_signup(self, request):
        return False
