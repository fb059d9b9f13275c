// goverify checks Directive Ledger's checkpoints and proofs with Go's own
// golang.org/x/mod/sumdb/note and sumdb/tlog packages (an independent implementation).
//
//	goverify note VKEY FILE            note.Open of a signed note; prints its text
//	goverify proof VKEY FILE           a c2sp.org/tlog-proof@v1 file: the note, then
//	                                   tlog.CheckRecord of RecordHash(extra) at index
//	goverify tree N HASH T HASH P...   tlog.CheckTree: the tree of size T with root HASH
//	                                   contains the tree of size N (hashes base64)
package main

import (
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "goverify: "+format+"\n", args...)
	os.Exit(1)
}

func hash(s string) tlog.Hash {
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != tlog.HashSize {
		fail("not a base64 SHA-256 hash: %q", s)
	}
	var h tlog.Hash
	copy(h[:], raw)
	return h
}

func number(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		fail("not a number: %q", s)
	}
	return n
}

func openNote(vkey string, data []byte) *note.Note {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("vkey: %v", err)
	}
	n, err := note.Open(data, note.VerifierList(verifier))
	if err != nil {
		fail("note.Open: %v", err)
	}
	return n
}

// checkpoint splits a checkpoint's text into origin, size and root hash.
func checkpoint(text string) (string, int64, tlog.Hash) {
	lines := strings.Split(text, "\n")
	if len(lines) < 4 {
		fail("a checkpoint has an origin, a size and a root hash")
	}
	return lines[0], number(lines[1]), hash(lines[2])
}

func proof(vkey string, data []byte) {
	text := string(data)
	head, checkpointNote, found := strings.Cut(text, "\n\n")
	if !found {
		fail("no blank line before the checkpoint")
	}
	lines := strings.Split(head, "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" {
		fail("not a c2sp.org/tlog-proof@v1 file")
	}
	lines = lines[1:]
	var extra []byte
	if len(lines) > 0 && strings.HasPrefix(lines[0], "extra ") {
		raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[0], "extra "))
		if err != nil {
			fail("extra is not base64")
		}
		extra, lines = raw, lines[1:]
	}
	if len(lines) == 0 || !strings.HasPrefix(lines[0], "index ") {
		fail("no index line")
	}
	index := number(strings.TrimPrefix(lines[0], "index "))
	var path tlog.RecordProof
	for _, line := range lines[1:] {
		path = append(path, hash(line))
	}
	n := openNote(vkey, []byte(checkpointNote))
	origin, size, root := checkpoint(n.Text)
	if err := tlog.CheckRecord(path, size, root, index, tlog.RecordHash(extra)); err != nil {
		fail("tlog.CheckRecord: %v", err)
	}
	fmt.Printf("ok %s %d %d\n", origin, size, index)
}

func tree(args []string) {
	if len(args) < 4 {
		fail("tree N HASH T HASH [PROOF...]")
	}
	var p tlog.TreeProof
	for _, s := range args[4:] {
		p = append(p, hash(s))
	}
	n, t := number(args[0]), number(args[2])
	if err := tlog.CheckTree(p, t, hash(args[3]), n, hash(args[1])); err != nil {
		fail("tlog.CheckTree: %v", err)
	}
	fmt.Printf("ok %d %d\n", n, t)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: goverify note|proof VKEY FILE | tree N HASH T HASH [PROOF...]")
	}
	switch os.Args[1] {
	case "note", "proof":
		if len(os.Args) != 4 {
			fail("%s VKEY FILE", os.Args[1])
		}
		data, err := os.ReadFile(os.Args[3])
		if err != nil {
			fail("%v", err)
		}
		if os.Args[1] == "note" {
			fmt.Print(openNote(os.Args[2], data).Text)
		} else {
			proof(os.Args[2], data)
		}
	case "tree":
		tree(os.Args[2:])
	default:
		fail("unknown command %q", os.Args[1])
	}
}
