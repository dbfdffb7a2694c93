from indberet.cli.entry import run

run()
