"""From one kit to a season: starter files, batches of kits and events, incremental builds,
previews and watching (the workflow around :mod:`kitbuilder.build`)."""
