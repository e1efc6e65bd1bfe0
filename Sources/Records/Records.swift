// The Records layer; see ARCHITECTURE in README.md.
