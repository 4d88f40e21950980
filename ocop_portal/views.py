"""Cross-app pages: the role home pages (each app adds panels through accounts.portal)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from accounts.permissions import has_role, is_admin, roles_of
from accounts.portal import panels_for
from accounts.roles import ROLE_HOME, Role
from promotion.caching import cache_public_page
from promotion.selectors import newest_products, published_articles


@cache_public_page
def front(request):
    """Public front page; the promotion app fills it with the catalogue and news (cached for
    anonymous visitors like the catalogue; cleared when a recognition or an article changes)."""
    if request.user.is_authenticated and not request.GET.get("public"):
        return redirect("home")
    return render(request, "home/front.html", {
        "front_products": newest_products(6), "front_articles": list(published_articles()[:5]),
    })


@login_required
def home(request):
    """Send the user to the home page of their first role."""
    roles = roles_of(request.user)
    for role, url_name in ROLE_HOME.items():
        if role in roles:
            return redirect(url_name)
    return render(request, "home/no_role.html", status=403)


def role_home(role: Role):
    @login_required
    def view(request):
        if not (has_role(request.user, role) or is_admin(request.user)):
            raise PermissionDenied
        return render(
            request,
            "home/role_home.html",
            {"role": role, "role_label": role.label, "panels": panels_for(request.user, role)},
        )

    view.__name__ = f"home_{role.value}"
    return view
