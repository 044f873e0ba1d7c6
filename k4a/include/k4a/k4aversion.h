/*
 * k4a4j: version of the k4a API that these headers present.
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4AVERSION_H
#define K4AVERSION_H

#define K4A_VERSION_MAJOR 1
#define K4A_VERSION_MINOR 4
#define K4A_VERSION_PATCH 1
#define K4A_VERSION_PRERELEASE ""
#define K4A_VERSION_BUILD_METADATA ""
#define K4A_VERSION_STR "1.4.1"

#endif /* K4AVERSION_H */
