# Dependencies come from Debian packages (scripts/install-deps.sh).
find_package(nlohmann_json 3 REQUIRED)
find_package(fmt REQUIRED)
find_package(pugixml REQUIRED)
find_package(CLI11 QUIET)
find_package(ZLIB REQUIRED)

# SuiteSparse 5 on Debian 12 ships no CMake config: find headers and libraries directly.
find_path(SUITESPARSE_INCLUDE_DIR klu.h PATH_SUFFIXES suitesparse REQUIRED)
foreach(lib klu umfpack cholmod amd colamd camd ccolamd btf suitesparseconfig)
  find_library(SUITESPARSE_${lib}_LIBRARY ${lib} REQUIRED)
  list(APPEND SUITESPARSE_KLU_LIBRARIES ${SUITESPARSE_${lib}_LIBRARY})
endforeach()
add_library(linepack_suitesparse INTERFACE)
target_include_directories(linepack_suitesparse SYSTEM INTERFACE ${SUITESPARSE_INCLUDE_DIR})
target_link_libraries(linepack_suitesparse INTERFACE ${SUITESPARSE_KLU_LIBRARIES})

# CBC (COIN-OR branch and cut, Debian coinor-libcbc-dev): the MILP relaxation of nomination
# validation on meshed networks (src/linepack/validation/milp_solver.cpp).
find_package(PkgConfig REQUIRED)
pkg_check_modules(CBC REQUIRED IMPORTED_TARGET cbc)

# Ipopt (COIN-OR interior point, Debian coinor-libipopt-dev): the setpoint program of nomination
# validation (src/linepack/validation/setpoint_program.cpp).
pkg_check_modules(IPOPT REQUIRED IMPORTED_TARGET ipopt)
