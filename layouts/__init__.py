"""The layouts shipped with kitbuilder (YAML files; this file only makes the folder a package)."""
