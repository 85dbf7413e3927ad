import time

import main

print(main.ORDER, main.WORKER.name, main.WORKER.daemon, main.WORKER.is_alive(), main.log.name)
for n in range(3):
    main.JOBS.put(n)
deadline = time.monotonic() + 5
while len(main.RESULTS) < 3 and time.monotonic() < deadline:
    time.sleep(0.01)
print(sorted(main.RESULTS))
main.main()
main._stop.set()
