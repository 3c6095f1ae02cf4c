// compose-check loads a compose file with compose-go, the loader Docker Compose itself uses, and prints the
// normalised project as JSON: what `docker compose config --format json` prints, without a Docker engine or
// the compose plugin. A file Docker Compose would refuse (schema, unknown depends_on target, bad
// interpolation) fails here with the loader's message and exit status 1.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-check <compose file>")
		os.Exit(2)
	}
	// No OS environment: the project is the file's own defaults (${VAR:-default}), the same on every machine.
	options, err := cli.NewProjectOptions([]string{os.Args[1]}, cli.WithEnv(nil))
	if err == nil {
		err = check(options)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func check(options *cli.ProjectOptions) error {
	project, err := options.LoadProject(context.Background())
	if err != nil {
		return err
	}
	json, err := project.MarshalJSON()
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(append(json, '\n'))
	return err
}
