"""deliver: what runs unattended and what leaves the machine: the drop folder (`drop`, `watch`),
the meeting calendar (`meetings`, `due`), the long-running service (`serve`), email (`post`,
`email`, `smtp`, `graph`), and the run log (`runlog`). `service` holds the library calls behind
`pipeline watch`, `due`, `serve` and `send`, each building through `pipeline.run` as the command
line does.

Nothing is imported here, so that a command needing one part (a build recording itself in the
run log) does not load the rest (the calendar's bank holidays, Word reading, mail)."""
