"""What a press needs of a post (its id, slug, title and position), kept in memory per posts
version, so that a press asks the database nothing to find its post. Any change to the posts
(an import, hide or show) moves the posts version, and the next press starts a new map."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from ..data.queries import visible_post
from ..data.version_watch import current_version

MAX_POSTS = 20_000


class PressedPosts:
    def __init__(self, max_posts: int = MAX_POSTS):
        self.max_posts = max_posts
        self.version = -1
        self._posts: dict = {}
        self._lock = threading.Lock()

    def get(self, slug: str):
        """The visible post with this slug; 404 when there is none, 410 when it is hidden."""
        version = current_version()[0]
        if version != self.version:
            with self._lock:
                if version > self.version:
                    self._posts, self.version = {}, version
            if version != self.version:  # a request that read an older version than another
                return visible_post(slug, brief=True)
        posts = self._posts
        post = posts.get(slug)
        if post is None:
            post = visible_post(slug, brief=True)
            if len(posts) >= self.max_posts:
                posts.clear()
            posts[slug] = post
        return post


def pressed_post(slug: str):
    return current_app.extensions["pressed_posts"].get(slug)


def init_app(app: Flask) -> None:
    app.extensions["pressed_posts"] = PressedPosts()
