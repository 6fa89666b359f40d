// Command hello is the baseline of bench/storefront.sh: the smallest Go
// net/http server, answering every request with a short text, so that the
// storefront's req/s can be read against what net/http itself does on the
// same machine under the same load.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The script reads the port from this line.
	fmt.Fprintf(os.Stdout, "listening on %s\n", ln.Addr())
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "Hello, world!")
	})
	log.Fatal(http.Serve(ln, nil))
}
