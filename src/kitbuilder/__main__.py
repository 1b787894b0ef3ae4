from kitbuilder.cli import main

main()
