from indberet.cli import run

run()
