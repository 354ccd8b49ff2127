"""The two baselines `make bench` compares the real pages with, mounted only when BENCH_VIEWS=1."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from portal.ground.geography import Commune


def hello(request):
    return HttpResponse("Bonjour")


def bare_page(request):
    """One query for 50 rows, rendered with a plain template: the least a real page can cost."""
    return render(request, "portal/bench_bare.html", {"communes": list(Commune.objects.all()[:50])})


urlpatterns = [path("bench/hello/", hello), path("bench/bare/", bare_page)]
