"""What a designer touches: colours, the map and chart specs, the event card; each testable by its JSON."""
