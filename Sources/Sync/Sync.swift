// The Sync layer; see ARCHITECTURE in README.md.
