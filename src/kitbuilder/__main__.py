from kitbuilder.cli import run

run()
