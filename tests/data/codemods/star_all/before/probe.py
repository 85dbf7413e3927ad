import consumer

print(sorted(n for n in vars(consumer) if not n.startswith("__")))
print(consumer.helper(), consumer._secret, consumer.app.name)
