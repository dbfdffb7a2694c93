from indberet.cli import main

main()
