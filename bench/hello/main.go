// Command hello is the baseline of bench/storefront.sh: the smallest Go
// net/http server, answering every request with a fixed text (5 KB by
// default, about a web page's compressed size), so that the storefront's
// req/s can be read against what net/http itself does on the same machine
// under the same load.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	size := flag.Int("bytes", 5<<10, "size of the answer in bytes")
	flag.Parse()
	body := []byte(strings.Repeat("Hello, world!\n", *size/14+1)[:*size])
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The script reads the port from this line.
	fmt.Fprintf(os.Stdout, "listening on %s\n", ln.Addr())
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write(body)
	})
	log.Fatal(http.Serve(ln, nil))
}
