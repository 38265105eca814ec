//! What happened to each segment, read from the trace once for every drawing.
