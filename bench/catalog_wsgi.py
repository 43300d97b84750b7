"""WSGI entry for the catalog benchmark: the Sentra app, plus photos under /media/ served by
WhiteNoise (in production a web server or object storage serves media)."""

import os

from whitenoise import WhiteNoise

from sentra.wsgi import application as sentra_application

application = WhiteNoise(sentra_application)
if os.environ.get("SENTRA_BENCH_MEDIA"):
    application.add_files(os.environ["SENTRA_BENCH_MEDIA"], prefix="media/")
