"""Reading and measuring event logs: the shared SQL, the engines, the XES reader, the simulator."""
