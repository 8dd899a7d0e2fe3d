# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QComboBox,
    QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QMainWindow, QMenu, QMenuBar, QSizePolicy,
    QSpacerItem, QSplitter, QStatusBar, QTabWidget,
    QTableView, QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 800)
        self.actionQuit = QAction(MainWindow)
        self.actionQuit.setObjectName(u"actionQuit")
#if QT_CONFIG(shortcut)
        self.actionQuit.setShortcut(u"Ctrl+Q")
#endif // QT_CONFIG(shortcut)
        self.actionFind = QAction(MainWindow)
        self.actionFind.setObjectName(u"actionFind")
#if QT_CONFIG(shortcut)
        self.actionFind.setShortcut(u"Ctrl+F")
#endif // QT_CONFIG(shortcut)
        self.actionShowQueue = QAction(MainWindow)
        self.actionShowQueue.setObjectName(u"actionShowQueue")
#if QT_CONFIG(shortcut)
        self.actionShowQueue.setShortcut(u"Ctrl+1")
#endif // QT_CONFIG(shortcut)
        self.actionShowDetail = QAction(MainWindow)
        self.actionShowDetail.setObjectName(u"actionShowDetail")
#if QT_CONFIG(shortcut)
        self.actionShowDetail.setShortcut(u"Ctrl+2")
#endif // QT_CONFIG(shortcut)
        self.actionAbout = QAction(MainWindow)
        self.actionAbout.setObjectName(u"actionAbout")
        self.centralwidget = QWidget(MainWindow)
        self.centralwidget.setObjectName(u"centralwidget")
        self.centralLayout = QVBoxLayout(self.centralwidget)
        self.centralLayout.setObjectName(u"centralLayout")
        self.centralLayout.setContentsMargins(6, 6, 6, 0)
        self.splitter = QSplitter(self.centralwidget)
        self.splitter.setObjectName(u"splitter")
        self.splitter.setOrientation(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.queuePanel = QWidget(self.splitter)
        self.queuePanel.setObjectName(u"queuePanel")
        self.queueLayout = QVBoxLayout(self.queuePanel)
        self.queueLayout.setObjectName(u"queueLayout")
        self.queueLayout.setContentsMargins(0, 0, 0, 0)
        self.queueHeader = QHBoxLayout()
        self.queueHeader.setObjectName(u"queueHeader")
        self.queueTitle = QLabel(self.queuePanel)
        self.queueTitle.setObjectName(u"queueTitle")

        self.queueHeader.addWidget(self.queueTitle)

        self.queueCount = QLabel(self.queuePanel)
        self.queueCount.setObjectName(u"queueCount")
        self.queueCount.setText(u"")

        self.queueHeader.addWidget(self.queueCount)

        self.queueHeaderSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.queueHeader.addItem(self.queueHeaderSpacer)

        self.searchEdit = QLineEdit(self.queuePanel)
        self.searchEdit.setObjectName(u"searchEdit")
        self.searchEdit.setMinimumSize(QSize(320, 0))
        self.searchEdit.setClearButtonEnabled(True)

        self.queueHeader.addWidget(self.searchEdit)


        self.queueLayout.addLayout(self.queueHeader)

        self.filterBar = QHBoxLayout()
        self.filterBar.setObjectName(u"filterBar")
        self.directionLabel = QLabel(self.queuePanel)
        self.directionLabel.setObjectName(u"directionLabel")

        self.filterBar.addWidget(self.directionLabel)

        self.directionCombo = QComboBox(self.queuePanel)
        self.directionCombo.setObjectName(u"directionCombo")
        self.directionCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterBar.addWidget(self.directionCombo)

        self.stageLabel = QLabel(self.queuePanel)
        self.stageLabel.setObjectName(u"stageLabel")

        self.filterBar.addWidget(self.stageLabel)

        self.stageCombo = QComboBox(self.queuePanel)
        self.stageCombo.setObjectName(u"stageCombo")
        self.stageCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterBar.addWidget(self.stageCombo)

        self.tierLabel = QLabel(self.queuePanel)
        self.tierLabel.setObjectName(u"tierLabel")

        self.filterBar.addWidget(self.tierLabel)

        self.tierCombo = QComboBox(self.queuePanel)
        self.tierCombo.setObjectName(u"tierCombo")
        self.tierCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterBar.addWidget(self.tierCombo)

        self.gradeLabel = QLabel(self.queuePanel)
        self.gradeLabel.setObjectName(u"gradeLabel")

        self.filterBar.addWidget(self.gradeLabel)

        self.gradeCombo = QComboBox(self.queuePanel)
        self.gradeCombo.setObjectName(u"gradeCombo")
        self.gradeCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterBar.addWidget(self.gradeCombo)

        self.sourceLabel = QLabel(self.queuePanel)
        self.sourceLabel.setObjectName(u"sourceLabel")

        self.filterBar.addWidget(self.sourceLabel)

        self.sourceCombo = QComboBox(self.queuePanel)
        self.sourceCombo.setObjectName(u"sourceCombo")
        self.sourceCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.filterBar.addWidget(self.sourceCombo)

        self.callableCheck = QCheckBox(self.queuePanel)
        self.callableCheck.setObjectName(u"callableCheck")

        self.filterBar.addWidget(self.callableCheck)

        self.filterBarSpacer = QSpacerItem(20, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.filterBar.addItem(self.filterBarSpacer)


        self.queueLayout.addLayout(self.filterBar)

        self.queueView = QTableView(self.queuePanel)
        self.queueView.setObjectName(u"queueView")
        self.queueView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queueView.setAlternatingRowColors(True)
        self.queueView.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queueView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queueView.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.queueView.setShowGrid(False)
        self.queueView.setWordWrap(False)
        self.queueView.horizontalHeader().setHighlightSections(False)
        self.queueView.horizontalHeader().setStretchLastSection(True)
        self.queueView.verticalHeader().setVisible(False)

        self.queueLayout.addWidget(self.queueView)

        self.splitter.addWidget(self.queuePanel)
        self.sideTabs = QTabWidget(self.splitter)
        self.sideTabs.setObjectName(u"sideTabs")
        self.detailTab = QWidget()
        self.detailTab.setObjectName(u"detailTab")
        self.detailLayout = QVBoxLayout(self.detailTab)
        self.detailLayout.setObjectName(u"detailLayout")
        self.detailLayout.setContentsMargins(0, 0, 0, 0)
        self.sideTabs.addTab(self.detailTab, "")
        self.splitter.addWidget(self.sideTabs)

        self.centralLayout.addWidget(self.splitter)

        MainWindow.setCentralWidget(self.centralwidget)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menubar.setGeometry(QRect(0, 0, 1280, 24))
        self.menuFile = QMenu(self.menubar)
        self.menuFile.setObjectName(u"menuFile")
        self.menuView = QMenu(self.menubar)
        self.menuView.setObjectName(u"menuView")
        self.menuLanguage = QMenu(self.menuView)
        self.menuLanguage.setObjectName(u"menuLanguage")
        self.menuHelp = QMenu(self.menubar)
        self.menuHelp.setObjectName(u"menuHelp")
        MainWindow.setMenuBar(self.menubar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)
#if QT_CONFIG(shortcut)
        self.directionLabel.setBuddy(self.directionCombo)
        self.stageLabel.setBuddy(self.stageCombo)
        self.tierLabel.setBuddy(self.tierCombo)
        self.gradeLabel.setBuddy(self.gradeCombo)
        self.sourceLabel.setBuddy(self.sourceCombo)
#endif // QT_CONFIG(shortcut)

        self.menubar.addAction(self.menuFile.menuAction())
        self.menubar.addAction(self.menuView.menuAction())
        self.menubar.addAction(self.menuHelp.menuAction())
        self.menuFile.addAction(self.actionQuit)
        self.menuView.addAction(self.actionFind)
        self.menuView.addAction(self.actionShowQueue)
        self.menuView.addAction(self.actionShowDetail)
        self.menuView.addSeparator()
        self.menuView.addAction(self.menuLanguage.menuAction())
        self.menuHelp.addAction(self.actionAbout)

        self.retranslateUi(MainWindow)

        self.sideTabs.setCurrentIndex(0)


        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"SDR Desk", None))
        self.actionQuit.setText(QCoreApplication.translate("MainWindow", u"&Quit", None))
        self.actionFind.setText(QCoreApplication.translate("MainWindow", u"&Search the queue", None))
        self.actionShowQueue.setText(QCoreApplication.translate("MainWindow", u"Go to the &queue", None))
        self.actionShowDetail.setText(QCoreApplication.translate("MainWindow", u"Go to the lead &details", None))
        self.actionAbout.setText(QCoreApplication.translate("MainWindow", u"&About SDR Desk", None))
        self.queueTitle.setText(QCoreApplication.translate("MainWindow", u"Call queue", None))
        self.searchEdit.setPlaceholderText(QCoreApplication.translate("MainWindow", u"Search name, company, phone or email (Ctrl+F)", None))
        self.directionLabel.setText(QCoreApplication.translate("MainWindow", u"&Direction:", None))
#if QT_CONFIG(tooltip)
        self.directionCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Show inbound leads, outbound leads or both", None))
#endif // QT_CONFIG(tooltip)
        self.stageLabel.setText(QCoreApplication.translate("MainWindow", u"S&tage:", None))
#if QT_CONFIG(tooltip)
        self.stageCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Show only leads in this stage", None))
#endif // QT_CONFIG(tooltip)
        self.tierLabel.setText(QCoreApplication.translate("MainWindow", u"T&ier:", None))
#if QT_CONFIG(tooltip)
        self.tierCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Show only leads at accounts of this research tier", None))
#endif // QT_CONFIG(tooltip)
        self.gradeLabel.setText(QCoreApplication.translate("MainWindow", u"&Grade:", None))
#if QT_CONFIG(tooltip)
        self.gradeCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Show only leads at accounts of this grade", None))
#endif // QT_CONFIG(tooltip)
        self.sourceLabel.setText(QCoreApplication.translate("MainWindow", u"S&ource:", None))
#if QT_CONFIG(tooltip)
        self.sourceCombo.setToolTip(QCoreApplication.translate("MainWindow", u"Show only leads from this source", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(tooltip)
        self.callableCheck.setToolTip(QCoreApplication.translate("MainWindow", u"Hide leads outside their calling hours right now", None))
#endif // QT_CONFIG(tooltip)
        self.callableCheck.setText(QCoreApplication.translate("MainWindow", u"&Callable now", None))
        self.sideTabs.setTabText(self.sideTabs.indexOf(self.detailTab), QCoreApplication.translate("MainWindow", u"Lead", None))
        self.menuFile.setTitle(QCoreApplication.translate("MainWindow", u"&File", None))
        self.menuView.setTitle(QCoreApplication.translate("MainWindow", u"&View", None))
        self.menuLanguage.setTitle(QCoreApplication.translate("MainWindow", u"&Language", None))
        self.menuHelp.setTitle(QCoreApplication.translate("MainWindow", u"&Help", None))
    # retranslateUi

