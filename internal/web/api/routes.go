package api

import "net/http"

// Routes adds the API's routes to a site's mux.
func (a *API) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/graphql", a.serveGraphQL)
	mux.HandleFunc("GET /api/graphql", a.serveGraphQL)
	mux.HandleFunc("GET /api/graphql/schema.graphql", a.serveSchema)
	mux.HandleFunc("GET /api/", a.notFound)
	mux.HandleFunc("POST /api/", a.notFound)
}
