from nyata.org import rules


def navigation(request) -> dict:
    """The header's "Evaluasi" link: for people with a role in their instansi (grants are cached per user,
    so this costs no query after nyata.org's own navigation)."""
    user = getattr(request, "user", None)
    instansi = getattr(user, "instansi", None) if user is not None and rules.is_signed_in(user) else None
    return {"nav_evaluations": instansi is not None and rules.belongs_to_instansi(user, instansi.pk)}
