"""Come with me: a peer who goes along to a meeting or a sober place the first time."""
