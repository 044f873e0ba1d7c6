/*
 * A made-up raw calibration (plausible numbers, no real device's) for the fuzz targets that need a
 * working calibration and for the calibration target's seeds (fuzz_seeds.py reads the lines of the
 * string below: keep one quoted line per line, with \" for quotes and nothing else escaped).
 *
 * Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
 */
#ifndef K4A4J_SYNTHETIC_CALIBRATION_H
#define K4A4J_SYNTHETIC_CALIBRATION_H

#define K4A4J_SYNTHETIC_CALIBRATION                                                                                    \
    "{\"CalibrationInformation\":{\"Cameras\":["                                                                       \
    "{\"Intrinsics\":{\"ModelParameterCount\":15,\"ModelParameters\":[0.5,0.5,0.49,0.49,0.43,0.07,0.004,0.77,0.15,0."  \
    "02,0,0,0.00006,-0.00009,1.74],\"ModelType\":\"CALIBRATION_LensDistortionModelRational6KT\"},"                     \
    "\"Purpose\":\"CALIBRATION_CameraPurposeDepth\",\"MetricRadius\":1.74,\"Rt\":{\"Rotation\":[1,0,0,0,1,0,0,0,1],"   \
    "\"Translation\":[0,0,0]},\"SensorHeight\":1024,\"SensorWidth\":1024},"                                            \
    "{\"Intrinsics\":{\"ModelParameterCount\":14,\"ModelParameters\":[0.5,0.5,0.47,0.63,0.6,-2.7,1.5,0.5,-2.5,1.4,0,"  \
    "0,0.0009,0.0008],\"ModelType\":\"CALIBRATION_LensDistortionModelRational6KT\"},"                                  \
    "\"Purpose\":\"CALIBRATION_CameraPurposePhotoVideo\",\"MetricRadius\":0,\"Rt\":{\"Rotation\":[0.9999,0.005,-0."    \
    "002,-0.0047,0.995,0.1,0.0025,-0.1,0.995],\"Translation\":[-0.032,-0.002,0.004]},\"SensorHeight\":3072,"           \
    "\"SensorWidth\":4096}],"                                                                                          \
    "\"InertialSensors\":[{\"SensorType\":\"CALIBRATION_InertialSensorType_Gyro\",\"Rt\":{\"Rotation\":[0,0,1,-1,0,0," \
    "0,-1,0],\"Translation\":[0,0,0]}},"                                                                               \
    "{\"SensorType\":\"CALIBRATION_InertialSensorType_Accelerometer\",\"Rt\":{\"Rotation\":[0,0,1,-1,0,0,0,-1,0],"     \
    "\"Translation\":[-0.05,0.004,-0.0005]}}]}}"

#endif /* K4A4J_SYNTHETIC_CALIBRATION_H */
