// The Transport layer; see ARCHITECTURE in README.md.
