# Finds what the Python package (python/) needs: Debian's /usr/bin/python3 with its development
# files, and pybind11 (pybind11-dev). Sets LINEPACK_PYTHON_DEPS_FOUND, the default of the
# LINEPACK_BUILD_PYTHON option. Included from the top-level CMakeLists.txt.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  # The package uses Debian's python3-* packages (numpy, pandas, distributed), which only
  # /usr/bin/python3 sees; a pyenv or venv python3 earlier on PATH would not.
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python interpreter of the linepack package")
endif()
find_package(Python3 COMPONENTS Interpreter Development QUIET)
if(Python3_FOUND)
  find_package(pybind11 CONFIG QUIET)
endif()
if(Python3_FOUND AND pybind11_FOUND)
  set(LINEPACK_PYTHON_DEPS_FOUND ON)
else()
  set(LINEPACK_PYTHON_DEPS_FOUND OFF)
endif()
