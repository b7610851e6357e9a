"""fnbox: run HubSpot-style serverless functions in a WebAssembly sandbox."""
