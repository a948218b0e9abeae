from attend.organisations.selectors import membership_for_request


class CurrentOrganisationMiddleware:
    """Sets request.membership: the signed-in person's place in the organisation they are working in, or None."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Not lazy: views and permission checks compare it with None, which a lazy wrapper never is.
        request.membership = membership_for_request(request)
        return self.get_response(request)
