import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--port", default=4000)
args = parser.parse_args()

from shop import create_app  # noqa: E402 (after argument parsing, as CTFd's serve.py)

app = create_app()
app.run(debug=True, port=args.port)
