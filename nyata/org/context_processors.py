from nyata.org import rules


def navigation(request) -> dict:
    """What the header menu offers this person; the server still checks every page it links to."""
    user = getattr(request, "user", None)
    if user is None or not rules.is_signed_in(user):
        return {}
    instansi = user.instansi
    return {
        "nav_instansi": instansi,
        "nav_manages": instansi is not None and rules.has_perm(user, "org.manage_instansi", instansi),
        "nav_directory": instansi is not None and rules.has_perm(user, "org.view_directory", instansi),
        "nav_system": rules.has_perm(user, "org.manage_system"),
    }
