"""The province officer's key for the protected part of the open-data API (/api/v1/province/...)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from ..permissions import can_read_province_api
from ..services import api_token_issue

ENDPOINTS = ["products/", "events/", "province/registrations/", "province/recognitions/", "province/round-results/"]


@login_required
def api_key(request):
    """Shown to its owner only. GET shows the key, the endpoints and an example; POST issues a key
    or replaces it (the old one stops working)."""
    if not can_read_province_api(request.user):
        raise PermissionDenied
    if request.method == "POST":
        api_token_issue(actor=request.user)
        messages.success(request, _("Đã cấp khóa mới; khóa cũ (nếu có) không còn dùng được."))
        return redirect("promotion:api_key")
    return render(request, "promotion/api_key.html", {
        "token": Token.objects.filter(user=request.user).first(),
        "api_root": request.build_absolute_uri("/api/v1/"),
        "schema_url": request.build_absolute_uri(reverse("promotion:api-schema")),
        "endpoints": ENDPOINTS,
    })
