"""CPU time a request of the hello-world view and of the cached catalogue (gzip, then a 304),
through Django's whole stack (test client), best of 5 rounds of 300. Run with the environment
bench/run.py sets (production settings, BENCH_VIEWS=1, a loaded bench database, STATIC_ROOT with
collected files) and PYTHONPATH=.: steadier than wrk on a shared machine."""

import time

import django

django.setup()
from django.test import Client  # noqa: E402 -- after django.setup()

c = Client()


def cost(url, **headers):
    c.get(url, headers=headers)
    best = 1e9
    for _ in range(5):
        t = time.process_time()
        for _ in range(300):
            r = c.get(url, headers=headers)
        best = min(best, (time.process_time() - t) / 300)
    return best * 1000, r.status_code, len(r.content)


print("hello_ms %.3f %s %s" % cost("/bench/hello/", accept_encoding="gzip"))
print("catalogue_hit_gzip_ms %.3f %s %s" % cost("/ateliers/", accept_encoding="gzip"))
etag = c.get("/ateliers/", headers={"accept_encoding": "gzip"}).get("ETag")
if etag:
    print("catalogue_304_ms %.3f %s %s" % cost("/ateliers/", accept_encoding="gzip", if_none_match=etag))
