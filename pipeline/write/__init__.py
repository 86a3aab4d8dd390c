"""write: workbooks written for officers (the checked copy, a new tracker, next round's sheet,
an imported appendix). The only package that writes workbooks (openpyxl); the officer's own
file is only ever read."""
