"""The words kitbuilder adds to a kit, one YAML file per language (``en.yaml``)."""
