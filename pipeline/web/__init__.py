"""web: the page officers and the performance team use in a browser (`pipeline web`).

An officer uploads a tracker and sees what to fix, cell by cell, or takes the appendix; the
performance team sees every plan, run and output, and the meetings to come. Like the command
line, it only calls `pipeline.run` (through `checks`) and reads the run log: it has no logic of
its own about trackers.

    site      what one running page serves (output folder, templates, calendar, settings)
    settings  the [web] table of the settings file;  passwords  the users' scrypt hashes
    guard     sign-in, form tokens and security headers;  uploads  the form read within its limit
    checks    an upload saved, built and logged;  pages  what each page shows
    app       the routes (Starlette);  server  uvicorn, started and stopped
"""
