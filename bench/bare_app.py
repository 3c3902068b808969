"""The baseline for serve_bench: a bare Flask app returning "hello" under the same server."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "hello"
