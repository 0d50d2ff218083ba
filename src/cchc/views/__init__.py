"""Read models over many communes: the city (province) view and the national view. Every figure comes from a
fixed number of set-based queries (`cchc.services.overview`), never from a loop over communes."""
