from indberet.entry import run

run()
