/*
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
module org.k4a4j.k4a {
    requires transitive org.bytedeco.javacpp;
    requires static org.bytedeco.opencv; // optional: only org.k4a4j.opencv uses it
    exports org.k4a4j;
    exports org.k4a4j.global;
    exports org.k4a4j.k4a;
    exports org.k4a4j.k4arecord;
    exports org.k4a4j.opencv;
    exports org.k4a4j.presets;
}
