// The Replica layer; see ARCHITECTURE in README.md.
