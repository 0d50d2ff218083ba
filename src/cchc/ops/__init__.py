"""Operating a deployment: backup and restore of the database, the stored files and the dossier store."""
