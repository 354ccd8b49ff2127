"""The workshop's messages: invitation audiences and campaigns, reminder planning, what a message
about a workshop says and its .ics. They hand the ground's outbox (portal.ground.notifications)
a recipient, a template and a plain context; the outbox knows nothing of workshops."""
