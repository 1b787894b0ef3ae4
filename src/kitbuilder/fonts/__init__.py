"""TrueType fonts bundled with kitbuilder; see README.md for their licences."""
