"""Cross-app pages: the role home pages (each app adds panels through accounts.portal)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static

from accounts.http import roles_required
from accounts.permissions import roles_of
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
    @roles_required(role)
    def view(request):
        return render(
            request,
            "home/role_home.html",
            {"role": role, "role_label": role.label, "panels": panels_for(request.user, role)},
        )

    view.__name__ = f"home_{role.value}"
    return view


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static icon."""
    return redirect(static("favicon.svg"))
