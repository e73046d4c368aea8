# shape: wkgsh:Body-classification
# focus: id:igo-un
# path: org:classification
# component: sh:MaxCountConstraintComponent
# severity: Violation
# why: a body with two kinds
INSERT DATA { GRAPH graph:igo-reference { id:igo-un org:classification id:igo-kind-intergovernmental-forum } } ;
