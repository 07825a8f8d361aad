"""The app's screens; each builds its texts from `app.t(zh, en)` so a language switch re-renders it."""
